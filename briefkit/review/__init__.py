"""Review without a terminal: the self-contained proof of an edition an approver opens anywhere."""
