import matplotlib.pyplot as plt
import numpy as np
cats = ['South', 'Rural', 'North', 'Valley']
a = np.array([94.3, 13.7, 20.0, 53.2])
b = np.array([75.3, 78.2, 17.6, 54.6])
fig, ax = plt.subplots()
ax.barh(cats, a, label='2023')
ax.barh(cats, b, left=a, label='2024')
ax.legend()
ax.set_xlabel('Ticket prices')
