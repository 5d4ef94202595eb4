import matplotlib.pyplot as plt
import numpy as np
from scipy.interpolate import make_interp_spline
from scipy.stats import gaussian_kde
x = np.arange(15)
y = np.array([17.2, 90.9, 9.6, 15.4, 6.2, 70.2, 82.1, 12.1, 38.8, 74.3, 73.8, 24.1, 30.9, 33.8, 17.9])
xs = np.linspace(0, 14, 200)
fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
a.plot(x, y, 'o')
a.plot(xs, make_interp_spline(x, y, k=3)(xs))
kde = gaussian_kde(y)
b.fill_between(xs * 10, kde(xs * 10), alpha=0.5)
b.set_title('Density')
