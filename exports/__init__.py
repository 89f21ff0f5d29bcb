"""Publication and relatives exports of approved letters."""
