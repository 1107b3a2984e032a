"""Payment providers a student tops up the balance through (docs/modules.md#top-ups): the receipt the office
confirms (receipt.py), Halyk ePay's invoice and signed callback (halyk.py), Kaspi's check / pay (kaspi.py).
`registry.py` builds the enabled ones from the FINANCE_PROVIDERS setting."""
