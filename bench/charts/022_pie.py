import matplotlib.pyplot as plt
import numpy as np
sizes = [29.7, 49.2, 56.5]
labels = ['Metro', 'Hills', 'Rural']
fig, ax = plt.subplots(figsize=(6, 6))
ax.pie(sizes, labels=labels, autopct='%1.1f%%', startangle=90, wedgeprops=dict(width=0.4))
ax.set_title('Share of ticket prices')
