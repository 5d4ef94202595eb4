import plotly.express as px
import plotly.graph_objects as go
fig = px.pie(names=['Rural', 'East', 'Central', 'North', 'Hills', 'Metro', 'Valley', 'South'], values=[48.7, 59.3, 46.5, 91.3, 23.9, 19.6, 98.7, 33.4], hole=0.3)
fig.write_image('chart.png')
