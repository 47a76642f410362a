"""Rasa's REST and socket.io channels with the project's limits and fixes; credentials.yml names them."""
