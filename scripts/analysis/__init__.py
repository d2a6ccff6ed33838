"""What the essays say together: the theme index, related essays and the other side, co-occurrence, counts
by year, lens balance and the timeline, as pure functions of the corpus (`findings.analyse`)."""
