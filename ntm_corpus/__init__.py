"""Synthetic test documents: `render` typesets a document's blocks as PDF, DOCX, scans and TIFF."""
