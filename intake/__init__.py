"""Where letters come from: IMAP mailboxes and files (mbox, Maildir, .eml folders)."""
