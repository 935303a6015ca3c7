"""The pipeline's stages in order: prepare (read + segment), translate, postedit, qa, publish; `run` chains them."""
