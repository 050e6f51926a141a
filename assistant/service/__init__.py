"""The HTTP service: the JSON API and the chat page, over the same library as the CLI."""
