import plotly.express as px
import plotly.graph_objects as go
fig = px.pie(names=['Coast', 'Central', 'Rural', 'Valley', 'West'], values=[35.7, 69.2, 80.8, 21.4, 32.4], hole=0.3)
fig.write_image('out.png', width=900, height=500)
