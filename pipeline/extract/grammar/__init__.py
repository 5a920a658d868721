"""The text grammar every field shares: numbers, quantities and units, dates and periods, document
codes, document types and issuers, lines, status cues, and the spans citations already claim."""
