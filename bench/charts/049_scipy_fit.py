import matplotlib.pyplot as plt
import numpy as np
from scipy.interpolate import make_interp_spline
from scipy.stats import gaussian_kde
x = np.arange(10)
y = np.array([96.8, 15.7, 47.0, 27.7, 81.1, 52.6, 87.8, 74.6, 78.1, 77.3])
xs = np.linspace(0, 9, 200)
fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
a.plot(x, y, 'o')
a.plot(xs, make_interp_spline(x, y, k=3)(xs))
kde = gaussian_kde(y)
b.fill_between(xs * 10, kde(xs * 10), alpha=0.5)
b.set_title('Density')
