from cit.cli.app import main

main()
