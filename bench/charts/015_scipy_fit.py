import matplotlib.pyplot as plt
import numpy as np
from scipy.interpolate import make_interp_spline
from scipy.stats import gaussian_kde
x = np.arange(14)
y = np.array([48.8, 93.9, 95.9, 43.5, 92.1, 14.8, 6.5, 28.4, 26.5, 28.7, 50.8, 84.9, 36.6, 77.3])
xs = np.linspace(0, 13, 200)
fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
a.plot(x, y, 'o')
a.plot(xs, make_interp_spline(x, y, k=3)(xs))
kde = gaussian_kde(y)
b.fill_between(xs * 10, kde(xs * 10), alpha=0.5)
b.set_title('Density')
