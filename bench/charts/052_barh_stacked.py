import matplotlib.pyplot as plt
import numpy as np
cats = ['Hills', 'Coast', 'Rural', 'South', 'Valley', 'East']
a = np.array([50.9, 63.0, 7.3, 77.2, 66.2, 18.1])
b = np.array([38.4, 53.3, 84.3, 52.7, 95.1, 33.9])
fig, ax = plt.subplots()
ax.barh(cats, a, label='2023')
ax.barh(cats, b, left=a, label='2024')
ax.legend()
ax.set_xlabel('Ticket prices')
