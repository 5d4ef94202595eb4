import matplotlib.pyplot as plt
import numpy as np
from scipy.interpolate import make_interp_spline
from scipy.stats import gaussian_kde
x = np.arange(8)
y = np.array([19.5, 87.8, 30.9, 85.2, 18.0, 98.5, 64.5, 71.2])
xs = np.linspace(0, 7, 200)
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
