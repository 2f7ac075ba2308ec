"""The report for a healthcare professional: one ``clinical.ClinicianReport`` built by
``selectors``, rendered as a printable page and as a PDF (``pdf``)."""
