"""The queue database: typed models, an engine with safe defaults, and Alembic migrations."""
