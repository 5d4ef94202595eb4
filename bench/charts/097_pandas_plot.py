import pandas as pd
import matplotlib.pyplot as plt
df = pd.DataFrame({'a': [45.1, 15.0, 19.5, 60.7, 14.8, 78.5, 88.8, 51.5], 'b': [90.1, 84.5, 70.6, 55.4, 32.1, 31.8, 68.1, 71.6]}, index=[2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007])
ax = df.plot(kind='area', figsize=(8, 4), title='Energy use')
ax.set_ylabel('units')
plt.show()
