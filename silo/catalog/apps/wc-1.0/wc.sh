# wc-1.0: counts the lines, words or characters of one input file into wc.txt.
# ${inputFile} and ${mode} are replaced by the service with shell-quoted values.
case ${mode} in
  lines) flag=-l ;;
  words) flag=-w ;;
  chars) flag=-m ;;
  *) echo "unknown mode" >&2; exit 2 ;;
esac
wc "$flag" < ${inputFile} > wc.txt
