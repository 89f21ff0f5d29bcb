"""The `napishy` command: argument parsing here, work in the packages it calls."""
