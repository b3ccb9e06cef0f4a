#!/usr/bin/env python3
"""Writes the golden files that Tests/ShiftsTests/GaussianBlurTests.swift compares the blur with.

Run from anywhere: `python3 Tests/Fixtures/shifts/make_blur_golden.py` (needs numpy and scipy).

  input.npy            float32 [2, 3, 9, 7]: image n, channel c, row y, column x holds
                       ((37*n + 11*c + 5*y + 3*x + (x*y) % 7) % 64) / 63, a pattern with sharp
                       steps, non-square so a mix-up of rows and columns shows
  blur_sigma_S.npy     float32: scipy.ndimage.gaussian_filter(input as float64,
                       sigma=(0, 0, S, S), mode='reflect', truncate=4.0) for each S below; S = 10
                       has a kernel radius (40) far wider than the image, which checks the
                       repeated reflection at the border
"""
import os

import numpy as np
from scipy import ndimage

HERE = os.path.dirname(os.path.abspath(__file__))
SIGMAS = ["0.3", "0.5", "1", "2.5", "10"]

n, c, y, x = np.meshgrid(np.arange(2), np.arange(3), np.arange(9), np.arange(7), indexing="ij")
image = (((37 * n + 11 * c + 5 * y + 3 * x + (x * y) % 7) % 64) / 63).astype(np.float32)
np.save(os.path.join(HERE, "input.npy"), image)

for text in SIGMAS:
    s = float(text)
    blurred = ndimage.gaussian_filter(image.astype(np.float64), sigma=(0, 0, s, s), mode="reflect", truncate=4.0)
    np.save(os.path.join(HERE, f"blur_sigma_{text}.npy"), blurred.astype(np.float32))
