import matplotlib.pyplot as plt
import numpy as np
z = np.array([[0.8, 0.7, 0.7, 0.1, 0.7, 1.0, 0.2, 0.7], [0.2, 0.9, 0.2, 1.0, 0.0, 0.1, 0.1, 0.2], [0.9, 0.1, 0.8, 0.4, 0.1, 0.7, 0.0, 0.3], [0.3, 0.8, 0.8, 0.8, 0.4, 0.5, 0.8, 1.0], [0.9, 0.4, 0.7, 0.4, 0.3, 0.2, 0.9, 0.5], [0.1, 0.7, 0.2, 0.5, 0.5, 0.5, 0.6, 0.7], [0.8, 0.8, 0.3, 1.0, 0.8, 0.6, 0.3, 0.0], [0.1, 0.2, 0.4, 0.6, 0.9, 0.0, 0.6, 0.1]])
fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4.5))
im = a.imshow(z, cmap='magma')
for i in range(z.shape[0]):
    for j in range(z.shape[1]):
        a.text(j, i, f'{z[i, j]:.2f}', ha='center', va='center', fontsize=7, color='w')
fig.colorbar(im, ax=a)
X, Y = np.meshgrid(np.linspace(-2, 2, 60), np.linspace(-2, 2, 60))
cs = b.contourf(X, Y, np.exp(-X**2 - Y**2) * 1.70, levels=12)
b.clabel(b.contour(X, Y, np.exp(-X**2 - Y**2), colors='k'), fontsize=7)
