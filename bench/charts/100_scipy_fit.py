import matplotlib.pyplot as plt
import numpy as np
from scipy.interpolate import make_interp_spline
from scipy.stats import gaussian_kde
x = np.arange(15)
y = np.array([76.4, 63.1, 26.1, 41.9, 67.6, 7.6, 17.1, 92.7, 78.9, 27.9, 51.3, 26.7, 8.5, 89.0, 56.4])
xs = np.linspace(0, 14, 200)
fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
a.plot(x, y, 'o')
a.plot(xs, make_interp_spline(x, y, k=3)(xs))
kde = gaussian_kde(y)
b.fill_between(xs * 10, kde(xs * 10), alpha=0.5)
b.set_title('Density')
import os
os.makedirs('output', exist_ok=True)
plt.savefig('output/figure.png', dpi=150, bbox_inches='tight')
plt.show()
