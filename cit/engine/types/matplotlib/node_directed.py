from cit.engine.types.matplotlib.node_undirected import NodeUndirected


class NodeDirected(NodeUndirected):
    family, name = "node", "directed"
    noun = "directed graph"
    description = "Nodes joined by weighted arrows showing the direction of each flow, labelled with its value."
    directed = True


TYPE = NodeDirected()
