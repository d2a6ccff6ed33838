"""Content in: the one model of an essay and the vocabularies, reading `essays/`, and every rule an essay
must meet (`check.check`, the one check that the validator, pre-commit, CI and the build all run)."""
