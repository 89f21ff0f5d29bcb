"""The console's one stylesheet (a package only so that wheels carry the .css file)."""
