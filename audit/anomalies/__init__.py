"""Anti-extraction: rules that flag unusual use, alerts to the people who must look, and suspension."""
