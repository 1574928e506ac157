"""The accessibility report of one edition: rules run over its rendered email, web page and PDF, each saying
what it checks and what it found, for the proof, the archive and `briefkit check`."""
