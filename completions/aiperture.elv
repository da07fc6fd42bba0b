
set edit:completion:arg-completer[aiperture] = { |@words|
    var index = (count $words)
    set index = (- $index 1)

    put (env _CLAP_IFS="\n" _CLAP_COMPLETE_INDEX=(to-string $index) AIPERTURE_COMPLETE="elvish" aiperture -- $@words) | to-lines
}

