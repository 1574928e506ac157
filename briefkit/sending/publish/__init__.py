"""`briefkit publish`: the edition into its delivering service's API as a draft or scheduled campaign (run.py);
one module per service (listmonk.py, buttondown.py, mailchimp.py), keyed by the registry's service key
(publishers.py)."""
