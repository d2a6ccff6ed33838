/* The contrast of every text on the page that a reader sees, against its background as painted: the
   background colours of the text's element and its ancestors composited from the page's own up (translucent
   tints, color-mix() included), the text's colour (an SVG text's fill) with its ancestors' opacity over that.
   Returns one entry per element holding text: its text, where it is, the ratio and the ratio WCAG 1.4.3 needs
   (3:1 for text of 24 px, or bold of 18.66 px; else 4.5:1). Used by tests/browser/test_browser.py. */
() => {
  const ctx = document.createElement("canvas").getContext("2d", {willReadFrequently: true});
  ctx.canvas.width = ctx.canvas.height = 1;
  // A computed colour as sRGB 0-255 and alpha: rgb()/rgba() and color(srgb ...) (what color-mix in srgb computes
  // to) exactly; anything else through a canvas.
  function rgba(css) {
    if (!css || css === "transparent" || css === "none") return [0, 0, 0, 0];
    let m = css.match(/^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/);
    if (m) return [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]];
    m = css.match(/^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.e-]+))?\)$/);
    if (m) return [m[1] * 255, m[2] * 255, m[3] * 255, m[4] === undefined ? 1 : +m[4]];
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = "rgba(0,0,0,0)";
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2], d[3] / 255];
  }
  function over(top, bottom) {  // top (with alpha) over an opaque bottom
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1);
  }
  function luminance(c) {
    const [r, g, b] = c.slice(0, 3).map((v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  function background(el) {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let base = [255, 255, 255, 1];  // the canvas, when no element is opaque
    if (!layers.length || layers[layers.length - 1][3] < 1) {
      const root = rgba(getComputedStyle(document.documentElement).backgroundColor);
      if (root[3] > 0) base = over(root, base);
    }
    for (let i = layers.length - 1; i >= 0; i--) base = over(layers[i], base);
    return base;
  }
  function opacity(el) {
    let o = 1;
    for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
    return o;
  }
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || seen.has(el)) continue;
    seen.add(el);
    if (el.closest("script, style, noscript, template, title, desc")) continue;
    const style = getComputedStyle(el);
    if (style.visibility !== "visible") continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width > 1 && r.height > 1);
    if (!rects.length) continue;
    // Clipped to nothing (text for screen readers only) is not seen.
    let clipped = false;
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.clip === "rect(0px, 0px, 0px, 0px)" || (s.overflow === "hidden" && e.getBoundingClientRect().width <= 1)) { clipped = true; break; }
    }
    if (clipped) continue;
    const svg = el instanceof SVGElement;
    let fg = rgba(svg ? style.fill : style.color);
    const o = opacity(el);
    if (o === 0 || fg[3] === 0) continue;
    const bg = background(svg ? el.ownerSVGElement || el : el);
    fg = over([fg[0], fg[1], fg[2], fg[3] * o], bg);
    const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    found.push({
      text: node.textContent.trim().slice(0, 40),
      where: (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : el.tagName.toLowerCase())
        + " in " + (el.parentElement ? (typeof el.parentElement.className === "string" && el.parentElement.className ? "." + el.parentElement.className.split(" ")[0] : el.parentElement.tagName.toLowerCase()) : ""),
      ratio: Math.round(ratio * 100) / 100,
      needed: large ? 3 : 4.5,
      fg: fg.slice(0, 3).map(Math.round), bg: bg.slice(0, 3).map(Math.round),
    });
  }
  return found;
}
