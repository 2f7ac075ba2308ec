"""The progress page and its JSON: model rows to insight records (``selectors``), insight
results to chart data, summaries and tables (``charts``), and the views."""
