import matplotlib.pyplot as plt
import numpy as np
sizes = [54.3, 40.0, 15.0, 59.1, 87.3, 31.8]
labels = ['Valley', 'North', 'East', 'Coast', 'Central', 'Hills']
fig, ax = plt.subplots(figsize=(6, 6))
ax.pie(sizes, labels=labels, autopct='%1.1f%%', startangle=90, wedgeprops=dict(width=0.4))
ax.set_title('Share of ticket prices')
