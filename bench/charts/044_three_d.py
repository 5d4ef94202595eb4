import matplotlib.pyplot as plt
import numpy as np
from mpl_toolkits.mplot3d import Axes3D
fig = plt.figure(figsize=(7, 6))
ax = fig.add_subplot(projection='3d')
X, Y = np.meshgrid(np.linspace(-3, 3, 40), np.linspace(-3, 3, 40))
ax.plot_surface(X, Y, np.sin(np.sqrt(X**2 + Y**2)) * 0.77, cmap='coolwarm')
ax.set_title('Surface')
plt.show()
