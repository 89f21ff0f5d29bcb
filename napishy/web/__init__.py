"""The operator web console: `napishy web`."""
