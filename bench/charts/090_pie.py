import matplotlib.pyplot as plt
import numpy as np
sizes = [47.0, 62.9, 33.1, 84.1, 34.6]
labels = ['Coast', 'North', 'Valley', 'Hills', 'Central']
fig, ax = plt.subplots(figsize=(6, 6))
ax.pie(sizes, labels=labels, autopct='%1.1f%%', startangle=90, wedgeprops=dict(width=0.4))
ax.set_title('Share of web traffic')
