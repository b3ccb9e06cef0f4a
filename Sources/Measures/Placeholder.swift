// Module Measures (placeholder until the Measures work lands).
