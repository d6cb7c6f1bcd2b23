"""Full text: fetch an article's page, find the readable text in it, keep it in the data dir."""
