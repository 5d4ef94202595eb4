import pandas as pd
import matplotlib.pyplot as plt
df = pd.DataFrame({'a': [87.5, 77.8, 54.5, 69.2, 55.1, 49.1, 48.2, 17.8], 'b': [95.8, 90.1, 8.3, 80.6, 14.7, 94.3, 38.4, 28.8]}, index=[2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007])
ax = df.plot(kind='bar', figsize=(8, 4), title='Rainfall')
ax.set_ylabel('units')
plt.tight_layout()
plt.savefig('chart.png')
