// Module Energy (placeholder until the Energy work lands).
