"""Checks of the feet and nerves: the daily foot check, the helper's touch test and the
Michigan Neuropathy Screening Instrument (patient part)."""
