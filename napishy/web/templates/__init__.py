"""Templates of the web console (a package only so that wheels carry the .html files)."""
