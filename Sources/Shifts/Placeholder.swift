// Module Shifts (placeholder until the Shifts work lands).
