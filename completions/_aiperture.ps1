
Register-ArgumentCompleter -Native -CommandName aiperture -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $prev = $env:AIPERTURE_COMPLETE;
    $env:AIPERTURE_COMPLETE = "powershell";

    $args = $commandAst.Extent.Text
    $args = $args.Substring(0, [math]::Min($cursorPosition, $args.Length));
    if ($wordToComplete -eq "") {
        $args += " ''";
    }

    $results = Invoke-Expression @"
& aiperture -- $args
"@;
    if ($null -eq $prev) {
        Remove-Item Env:\AIPERTURE_COMPLETE;
    } else {
        $env:AIPERTURE_COMPLETE = $prev;
    }
    $results | ForEach-Object {
        $split = $_.Split("`t");
        $cmd = $split[0];

        if ($split.Length -eq 2) {
            $help = $split[1];
        }
        else {
            $help = $split[0];
        }

        [System.Management.Automation.CompletionResult]::new($cmd, $cmd, 'ParameterValue', $help)
    }
};
        
