complete --keep-order --exclusive --command aiperture --arguments "(AIPERTURE_COMPLETE=fish aiperture -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token))"
