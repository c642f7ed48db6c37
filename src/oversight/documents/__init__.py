"""Documents Oversight hands to people: PDF packs, xlsx workbooks and CSV files.

One place for the libraries (WeasyPrint for PDF, openpyxl for xlsx) and for
the spreadsheet-injection rule, so every pack, download and export follows it.
"""
