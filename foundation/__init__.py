"""What every service and shell stands on: settings, storage, the sealed vault, the fingerprint, errors.

It imports nothing of the services or shells above it, and of the anonymizer only its dependency-free
vocabulary; see tests/test_layers.py for the whole order.
"""
