import matplotlib.pyplot as plt
import numpy as np
from scipy.interpolate import make_interp_spline
from scipy.stats import gaussian_kde
x = np.arange(10)
y = np.array([87.7, 83.2, 84.7, 81.9, 7.8, 35.9, 88.9, 78.2, 45.2, 63.0])
xs = np.linspace(0, 9, 200)
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
