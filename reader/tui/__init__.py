"""The Textual views."""
