"""Cross-case analysis: frequencies with CQR labels, co-occurrence, helpful and hindering
moments, saturation and participant attributes. Pure computations in their own modules (plain
data in and out); selectors gather the data through the visibility layer."""
